# Turn schema.sql into a C header: one string per migration.
BEGIN {
	n = 0
	print "/* Generated from schema.sql by gen-schema.awk; do not edit. */"
	print "static const char *const schema_migrations[] = {"
}
/^-- migration [0-9]+$/ {
	if (n > 0)
		print "\t,"
	n++
	if ($3 != n) {
		print "gen-schema.awk: migration " $3 " out of order" > "/dev/stderr"
		exit 1
	}
	next
}
n > 0 && !/^[ \t]*--/ && !/^[ \t]*$/ {
	line = $0
	gsub(/\\/, "\\\\", line)
	gsub(/"/, "\\\"", line)
	gsub(/\t/, " ", line)
	print "\t\"" line "\\n\""
}
END {
	print "\t, NULL"
	print "};"
	print "#define SCHEMA_VERSION " n
}
