def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
['locate', 'unlearn', 'verify'].each { assert log.contains("mip:$it skipped (mip.skip=true)") }
assert !new File(basedir, 'target/mip').exists()
return true
