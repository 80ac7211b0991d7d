#!/usr/bin/env python3
"""timed.py RESULT_FILE COMMAND [ARG...]: run COMMAND and write "wall user sys" (seconds) to
RESULT_FILE. This process becomes a child subreaper, so that processes orphaned by the command
(bash's process substitutions, such as `tee >(sha256sum)`) are waited for and their CPU time is
counted: the clock stops when the last of them has exited."""
import ctypes
import os
import resource
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36

if len(sys.argv) < 3:
    sys.exit(__doc__)
if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
    sys.exit("timed.py: prctl(PR_SET_CHILD_SUBREAPER) failed")
start = time.monotonic()
code = subprocess.call(sys.argv[2:])
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
wall = time.monotonic() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    out.write(f"{wall:.3f} {usage.ru_utime:.3f} {usage.ru_stime:.3f}\n")
sys.exit(code)
