// Second run with unchanged inputs: the recorded failure is replayed, not recomputed, and still fails.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('replaying the recorded verdict')
assert log.contains('mip:unlearn: up to date (inputs unchanged)')
assert log =~ /FAIL: forget\.text\.mcq\.accuracy is/
return true
