"""Executes a notebook in a Jupyter kernel with nbclient and writes the executed copy.

Usage: python3 run_jupyter.py NOTEBOOK KERNEL_NAME OUT.ipynb. Stops at the first cell that fails (its
error is in the copy, and check_outputs.py names it) and then exits 1. Needs nbformat and nbclient
(Debian: python3-nbformat, python3-nbclient, installed for /usr/bin/python3).
"""
import sys

import nbclient
import nbformat
from nbclient.exceptions import CellExecutionError

notebook = nbformat.read(sys.argv[1], as_version=4)
failed = False
try:
    nbclient.NotebookClient(notebook, kernel_name=sys.argv[2], timeout=600).execute()
except CellExecutionError as error:
    print(error, file=sys.stderr)
    failed = True
nbformat.write(notebook, sys.argv[3])
sys.exit(1 if failed else 0)
