"""Checks an executed notebook of make_notebook.py: cell i (from 0) printed i and nothing failed.

Usage: python3 check_outputs.py EXECUTED.ipynb. Prints "K of N cells printed their number" and exits 1
unless K = N. Only the standard library is needed.
"""
import json
import sys

with open(sys.argv[1], encoding="utf-8") as f:
    cells = json.load(f)["cells"]


def text(output):
    value = output.get("text", "")
    return "".join(value) if isinstance(value, list) else value


wrong = [i + 1 for i, cell in enumerate(cells)
         if "".join(text(o) for o in cell.get("outputs", []) if o.get("output_type") == "stream").strip() != str(i)
         or any(o.get("output_type") == "error" for o in cell.get("outputs", []))]
print(f"{len(cells) - len(wrong)} of {len(cells)} cells printed their number"
      + (f"; first wrong cell: {wrong[0]}" if wrong else ""))
sys.exit(1 if wrong else 0)
