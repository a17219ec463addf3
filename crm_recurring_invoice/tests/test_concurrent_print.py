"""The print batches of a chunk run side by side: their processes overlap, and an error in one
batch stops the others without leaving a process or a file behind.

The processes here are ``sh`` standing for wkhtmltopdf (started exactly as wkhtmltopdf is, the
header, footer and body files then the output file as arguments), so that these tests need no
wkhtmltopdf and their timing is known; the real prints are in ``test_sending_pdf.py``."""

import glob
import os
import tempfile
import time

from greenlet import getcurrent

from odoo.tests import TransactionCase, tagged

from ..models.ir_actions_report import print_concurrently


def fake_wkhtmltopdf(script):
    """A command run as wkhtmltopdf is: ``script`` gets the output file as ``$PDF``."""
    return ["sh", "-c", f"for PDF; do :; done; {script}", "fake-wkhtmltopdf"]


@tagged("post_install", "-at_install")
class TestConcurrentPrint(TransactionCase):
    def _folders(self):
        return set(glob.glob(os.path.join(tempfile.gettempdir(), "crm_recurring_print_*")))

    def test_batches_print_at_once_in_order_of_their_own(self):
        """Three batches of 1 s with two jobs end in about 2 s, not 3 s; each batch gets its
        own output back and no temporary folder is left."""
        before = self._folders()
        done = {}

        def batch(name):
            def work():
                pdf = getcurrent().wkhtmltopdf(
                    fake_wkhtmltopdf(f'sleep 1; printf "%%PDF {name}" > "$PDF"'), ["<p>1</p>"], "<h/>", "<f/>"
                )
                done[name] = pdf

            return work

        started = time.monotonic()
        print_concurrently([batch("a"), batch("b"), batch("c")], jobs=2)
        elapsed = time.monotonic() - started
        self.assertEqual(done, {"a": b"%PDF a", "b": b"%PDF b", "c": b"%PDF c"})
        self.assertLess(elapsed, 2.8, "two batches printed at once")
        self.assertGreaterEqual(elapsed, 2.0, "never more than two at once")
        self.assertEqual(self._folders(), before, "the batches' files are removed")

    def test_failed_print_answers_none(self):
        """A wkhtmltopdf exit code other than 0 or 1 is a failure: the caller (our
        ``_run_wkhtmltopdf``) then lets core print the batch again and report the error."""
        answers = []

        def work():
            answers.append(getcurrent().wkhtmltopdf(fake_wkhtmltopdf("exit 3"), ["<p>1</p>"], None, None))

        print_concurrently([work], jobs=2)
        self.assertEqual(answers, [None])

    def test_error_in_one_batch_stops_the_others(self):
        """A batch raising while another prints: the error comes out at once, the other's
        process is killed and every temporary folder removed."""
        before = self._folders()
        pids = []

        def slow():
            getcurrent().wkhtmltopdf(fake_wkhtmltopdf('echo $$ > "$PDF.pid"; exec sleep 30'), ["<p>1</p>"], None, None)

        def failing():
            getcurrent().wkhtmltopdf(fake_wkhtmltopdf(': > "$PDF"; sleep 0.5'), ["<p>2</p>"], None, None)
            # the slow one's process has written its pid by now
            for path in glob.glob(os.path.join(tempfile.gettempdir(), "crm_recurring_print_*", "report.pdf.pid")):
                with open(path, encoding="ascii") as pid:
                    pids.append(int(pid.read()))
            raise ValueError("broken batch")

        started = time.monotonic()
        with self.assertRaisesRegex(ValueError, "broken batch"):
            print_concurrently([slow, failing], jobs=2)
        self.assertLess(time.monotonic() - started, 10, "the slow print is not waited for")
        self.assertTrue(pids, "the slow print was running")
        for pid in pids:
            with self.assertRaises(ProcessLookupError, msg="its process is gone"):
                os.kill(pid, 0)
        self.assertEqual(self._folders(), before, "the batches' files are removed")
