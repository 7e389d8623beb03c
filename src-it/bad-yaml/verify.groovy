// A misspelt key names file, line, field and the fix, before any model is loaded.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log =~ /mip\.yaml:\d+:\d+: field 'gate\.rules\[0\]\.maxx'/
assert log.contains('maxRelativeDropFromBaseline') || log.contains("'max'")
assert !new File(basedir, 'target/mip/model').exists()
return true
