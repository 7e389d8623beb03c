// failOnViolation=false: the violation is reported as a warning, the build passes, the reports say FAIL.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log =~ /\[WARNING\] .*gate FAILED/
assert log.contains('mip.failOnViolation=false')
def report = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/mip/report.json'))
assert report.verdict == 'FAIL'
return true
