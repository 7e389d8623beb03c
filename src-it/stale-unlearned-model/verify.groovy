// The second build ran verify alone after a settings change: it refuses the stale model, names the change, replays nothing.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('target/mip/model: unlearn.output: is stale: it was made from other inputs than the configuration names now')
assert log.contains('unlearn.manu.alpha was 0.01, now 0.02')
assert log.contains('Run mip:unlearn')
assert !log.contains('replaying the recorded verdict')
def second = log.substring(log.lastIndexOf('Scanning for projects'))
assert second.contains('mip-maven-plugin:0.1.0-SNAPSHOT:verify (default-cli)') && !second.contains('SNAPSHOT:unlearn')
assert !second.contains('PASSED') && !second.contains('evaluating')
return true
