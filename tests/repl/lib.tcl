# Shared by the REPL tests: run the real recall in a pseudo-terminal on a
# private collection, and report TAP.

set timeout 10
log_user 0
set test_count 0

if {![info exists env(RECALL)]} {
	puts stderr "RECALL must name the recall binary (make check sets it)"
	exit 1
}
set recall $env(RECALL)
set tmp [exec mktemp -d [expr {[info exists env(TMPDIR)] ? $env(TMPDIR) : "/tmp"}]/recall-repl.XXXXXX]
set env(HOME) "$tmp/home"
set env(XDG_DATA_HOME) "$tmp/data"
set env(XDG_STATE_HOME) "$tmp/state"
set env(RECALL_DB) "$tmp/collection.db"
set env(TZ) UTC
set env(TERM) dumb
set env(NO_COLOR) 1
set env(INPUTRC) /dev/null
foreach var {RECALL_NOW RECALL_HISTORY VISUAL EDITOR} {
	if {[info exists env($var)]} { unset env($var) }
}
file mkdir "$tmp/home"

proc ok {desc} {
	global test_count
	incr test_count
	puts "ok $test_count - $desc"
}

proc not_ok {desc {why ""}} {
	global test_count
	incr test_count
	puts "not ok $test_count - $desc"
	if {$why ne ""} { puts "#   $why" }
}

# Wait for a pattern (a regular expression) in the program's output.
proc expect_re {desc re} {
	expect {
		-re $re { ok $desc; return 1 }
		timeout { not_ok $desc "timed out waiting for: $re"; return 0 }
		eof { not_ok $desc "recall exited while waiting for: $re"; return 0 }
	}
}

# Start recall with extra arguments; the spawn id is global.
proc start {args} {
	global recall spawn_id
	eval spawn -noecho $recall $args
}

# Wait for the process to end and check its exit status.
proc expect_exit {desc want} {
	global spawn_id
	expect {
		eof {}
		timeout { not_ok $desc "did not exit"; return }
	}
	set result [wait]
	set code [lindex $result 3]
	if {$code == $want} { ok $desc } else { not_ok $desc "exit status $code, wanted $want" }
}

proc done_testing {} {
	global test_count tmp
	puts "1..$test_count"
	file delete -force $tmp
	exit 0
}
