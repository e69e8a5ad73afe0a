# run.py: runs the Python package's unittest suite (tests/python/test_*.py) and prints one
# "ok python NAME" or "FAIL python NAME" line per test, the way check scripts report.
import os
import sys
import unittest

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "python"))


class Result(unittest.TestResult):
    def addSuccess(self, test):
        super().addSuccess(test)
        print("ok python %s" % test.id())

    def _fail(self, test, err, kind):
        print("FAIL python %s: %s" % (test.id(), kind))
        for line in self._exc_info_to_string(err, test).splitlines():
            print("    | " + line)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._fail(test, err, "failed")

    def addError(self, test, err):
        super().addError(test, err)
        self._fail(test, err, "error")

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        print("skip python %s: %s" % (test.id(), reason))


suite = unittest.defaultTestLoader.discover(here, pattern="test_*.py", top_level_dir=here)
result = Result()
suite.run(result)
sys.stdout.flush()
sys.exit(0 if result.wasSuccessful() else 1)
