# A small unittest run on the runtime: a TestCase with passing, failing,
# erroring, skipped and expected-failure tests, subTests, setUp/tearDown
# and class fixtures, assertion messages, run by TextTestRunner into a
# StringIO; the result counts and the failure reports are printed (the
# runner's timing line is left out).
import io
import unittest


class Sample(unittest.TestCase):
    log = []

    @classmethod
    def setUpClass(cls):
        cls.log.append("setUpClass")

    def setUp(self):
        self.value = 3

    def tearDown(self):
        self.log.append("tearDown " + self._testMethodName)

    def test_pass(self):
        self.assertEqual(self.value, 3)
        self.assertIn(1, [1, 2])
        self.assertTrue(isinstance(self, unittest.TestCase))
        with self.assertRaises(ZeroDivisionError):
            1 / 0
        with self.assertRaisesRegex(ValueError, "invalid literal"):
            int("x")

    def test_fail_equal(self):
        self.assertEqual([1, 2, 3], [1, 2, 4])

    def test_fail_message(self):
        self.assertTrue(False, "custom message")

    def test_error(self):
        raise KeyError("missing")

    @unittest.skip("not today")
    def test_skipped(self):
        pass

    @unittest.expectedFailure
    def test_expected_failure(self):
        self.assertEqual(1, 2)

    @unittest.expectedFailure
    def test_unexpected_success(self):
        pass

    def test_subtests(self):
        for i in range(4):
            with self.subTest(i=i):
                self.assertNotEqual(i, 2)

    def test_dict_diff(self):
        self.assertDictEqual({"a": 1, "b": 2}, {"a": 1, "b": 3})


class Other(unittest.TestCase):
    def test_almost(self):
        self.assertAlmostEqual(0.1 + 0.2, 0.3)

    def test_multiline(self):
        self.assertMultiLineEqual("a\nb\nc\n", "a\nB\nc\n")


loader = unittest.TestLoader()
suite = unittest.TestSuite()
suite.addTests(loader.loadTestsFromTestCase(Sample))
suite.addTests(loader.loadTestsFromTestCase(Other))
print(suite.countTestCases(), sorted(loader.getTestCaseNames(Sample)))

stream = io.StringIO()
result = unittest.TextTestRunner(stream=stream, verbosity=2).run(suite)
print("run", result.testsRun, "failures", len(result.failures), "errors", len(result.errors),
      "skipped", len(result.skipped), "expected", len(result.expectedFailures),
      "unexpected", len(result.unexpectedSuccesses), "ok", result.wasSuccessful())
for test, text in result.failures + result.errors:
    print("--", test.id())
    print(text)
for line in stream.getvalue().splitlines():
    if not line.startswith("Ran "):
        print(line)
print(Sample.log)
