// Forgetting passes the plain rule but not relearning: the build fails on the @relearn metrics only,
// and the HTML report's audit section shows the relearnt accuracy beside the vanilla one.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('relearning 5 epochs on 50% of each forget person\'s facts')
assert log =~ /FAIL: forget\.image\.mcq\.accuracy@relearn is \d\.\d{3}, but expected maximum is 0\.900 \(vanilla \d\.\d{3}\)/
assert log =~ /FAIL: forget\.text\.mcq\.accuracy@relearn is/
assert !(log =~ /FAIL: forget\.(image|text)\.mcq\.accuracy is/)
def html = new File(basedir, 'target/mip/report.html').text
assert html.contains('Audit: forgotten, or only hidden?')
def junit = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File(basedir, 'target/mip/TEST-mip-verify.xml')).documentElement
assert junit.getAttribute('failures') == '2'
return true
