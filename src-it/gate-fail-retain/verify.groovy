// Heavy pruning: retain accuracy falls by more than 2% of vanilla, and the message says by how much.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log =~ /FAIL: retain\.(text|image)\.mcq\.accuracy dropped by \d+\.\d% from vanilla \d\.\d{3} \(now \d\.\d{3}\), but expected at most 2\.0%/
return true
