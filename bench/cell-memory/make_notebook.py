"""Writes a notebook of N trivial C# cells: cell i is `var x{i} = {i};` and `Console.WriteLine(x{i});`.

Usage: python3 make_notebook.py N OUT.ipynb. Only the standard library is needed.
"""
import json
import sys

n, path = int(sys.argv[1]), sys.argv[2]
cells = [{
    "cell_type": "code",
    "execution_count": None,
    "id": f"cell-{i}",
    "metadata": {},
    "outputs": [],
    "source": [f"var x{i} = {i};\n", f"Console.WriteLine(x{i});"],
} for i in range(n)]
notebook = {
    "cells": cells,
    "metadata": {
        "kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
        "language_info": {"name": "C#"},
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}
with open(path, "w", encoding="utf-8") as f:
    json.dump(notebook, f, indent=1)
