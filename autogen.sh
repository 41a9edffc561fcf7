#!/bin/sh
# Generate configure and Makefile.in from configure.ac and Makefile.am.
set -e
cd "$(dirname "$0")"
mkdir -p m4 build-aux
# The TAP driver the tests report through ships with automake, but
# autoreconf does not install it.
cp -f "$(automake --print-libdir)/tap-driver.sh" build-aux/
exec autoreconf -fi
