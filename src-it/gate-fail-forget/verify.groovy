// Forget accuracy above the bound fails the build with one line per violated metric, and the reports are still written.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log =~ /FAIL: forget\.text\.mcq\.accuracy is \d\.\d{3}, but expected maximum is 0\.000 \(vanilla \d\.\d{3}\)/
assert log =~ /FAIL: forget\.image\.mcq\.accuracy is/
assert !(log =~ /FAIL: retain\./)
assert new File(basedir, 'target/mip/report.html').isFile()
def junit = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File(basedir, 'target/mip/TEST-mip-verify.xml')).documentElement
assert junit.getAttribute('failures') == '2'
return true
