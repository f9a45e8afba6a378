"""A logged ERROR fails the test that caused it, unless the test says it expects one."""

from __future__ import annotations

import pytest

TESTS = """
import logging
import pytest

def test_logs_an_error():
    logging.getLogger("igj").error("kapot")

@pytest.mark.logt_fout
def test_expects_an_error():
    logging.getLogger("igj").error("verwacht")

def test_only_warns():
    logging.getLogger("igj").warning("let op")
"""


@pytest.mark.logt_fout  # the inner run logs its errors in this same process
def test_a_logged_error_fails_only_the_test_without_the_marker(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nmarkers =\n    logt_fout: the test expects an ERROR in the log\n")
    pytester.makeconftest('pytest_plugins = ["tests.logfail"]')
    pytester.makepyfile(TESTS)
    result = pytester.runpytest_inprocess("-p", "no:randomly", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(["*De test logde een fout*", "igj: kapot"])
