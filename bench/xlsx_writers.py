"""XLSX writers side by side on the XLSX export's Data rows, next to csv.writer.

    .venv/bin/python bench/xlsx_writers.py                   # 1,200,000 rows (~250,000 submissions)
    .venv/bin/python bench/xlsx_writers.py --rows 100000 --writers csv,xlsxwriter
    .venv/bin/python bench/xlsx_writers.py --path /tmp/candidates   # writers not in the venv

Each writer runs in a subprocess of its own and writes the same rows (five
columns: question key, kind, band, option, answer; batches of 10,000 as
consult.export.rows yields them) to a temporary file, with a bold header and a
frozen first row where the writer can. The rows are made in the child, so each
timing includes the same generation cost; "gen" alone measures it. Printed:
seconds, peak RSS (VmHWM) and the ratio to csv.writer. This is how the XLSX
writer of consult.export.xlsx_format was chosen (docs/exports.md).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

COLUMNS = ("question", "kind", "band", "option", "answer")
BATCH = 10_000
WRITERS: dict[str, Callable[[str, Iterator[list[tuple[Any, ...]]]], None]] = {}


def batches(n: int) -> Iterator[list[tuple[Any, ...]]]:
    """Rows shaped like the export's: choice rows repeat a few labels, text rows vary."""
    rng = random.Random(1306)
    bands = ["9–12 years", "13–15 years", "16–17 years", "18–24 years", ""]
    options = [("helped", "Helped"), ("nothing-happened", "Nothing happened"),
               ("see-less", "See less"), ("breaks", "Breaks"), ("", "🙂 Happy")]
    batch: list[tuple[Any, ...]] = []
    for i in range(n):
        if i % 5 == 4:
            row = ("change", "", rng.choice(bands),
                   "", f"Report buttons need to be easier to find ({i % 997})")
        else:
            key, label = options[i % 5]
            row = ("report-used", "single_choice", bands[i % 5], key, label)
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def writer(name: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    def register(fn: Callable[..., None]) -> Callable[..., None]:
        WRITERS[name] = fn
        return fn
    return register


@writer("gen")
def _gen(path: str, rows: Iterator[list[tuple[Any, ...]]]) -> None:
    for _batch in rows:
        pass


@writer("csv")
def _csv(path: str, rows: Iterator[list[tuple[Any, ...]]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for batch in rows:
            w.writerows(batch)


@writer("openpyxl")
def _openpyxl(path: str, rows: Iterator[list[tuple[Any, ...]]]) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    ws.freeze_panes = "A2"
    ws.append(COLUMNS)
    for batch in rows:
        for row in batch:
            ws.append(row)
    wb.save(path)


@writer("xlsxwriter")
def _xlsxwriter(path: str, rows: Iterator[list[tuple[Any, ...]]]) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_numbers": False,
                                    "strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet("Data")
    ws.freeze_panes(1, 0)
    ws.write_row(0, 0, COLUMNS, wb.add_format({"bold": True}))
    r = 1
    write_row = ws.write_row
    for batch in rows:
        for row in batch:
            write_row(r, 0, row)
            r += 1
    wb.close()


@writer("xlsxwriter-strings")
def _xlsxwriter_strings(path: str, rows: Iterator[list[tuple[Any, ...]]]) -> None:
    """XlsxWriter with its type dispatch skipped: write_string per cell."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(path, {"constant_memory": True})
    ws = wb.add_worksheet("Data")
    ws.freeze_panes(1, 0)
    ws.write_row(0, 0, COLUMNS, wb.add_format({"bold": True}))
    r = 1
    write_string = ws._write_string
    for batch in rows:
        for row in batch:
            for c, value in enumerate(row):
                if value:
                    write_string(r, c, value)
            r += 1
    wb.close()


@writer("rvgsrust-xlsxwriter")
def _rvgsrust(path: str, rows: Iterator[list[tuple[Any, ...]]]) -> None:
    from rvgsrust_xlsxwriter import Workbook

    wb = Workbook(path)
    ws = wb.add_worksheet("Data", constant_memory=True)
    ws.freeze_panes(1, 0)
    bold = wb.add_format()
    bold.set_bold()
    ws.write_row(0, 0, list(COLUMNS), bold)
    r = 1
    for batch in rows:
        ws.write_rows(r, 0, [list(row) for row in batch])
        r += len(batch)
    wb.close()


@writer("rvgsrust-row")
def _rvgsrust_row(path: str, rows: Iterator[list[tuple[Any, ...]]]) -> None:
    from rvgsrust_xlsxwriter import Workbook

    wb = Workbook(path)
    ws = wb.add_worksheet("Data", constant_memory=True)
    ws.freeze_panes(1, 0)
    ws.write_row(0, 0, list(COLUMNS))
    r = 1
    write_row = ws.write_row
    for batch in rows:
        for row in batch:
            write_row(r, 0, row)
            r += 1
    wb.close()


@writer("rustpy-xlsxwriter")
def _rustpy(path: str, rows: Iterator[list[tuple[Any, ...]]]) -> None:
    import rustpy_xlsxwriter

    records = (dict(zip(COLUMNS, row, strict=True)) for batch in rows for row in batch)
    rustpy_xlsxwriter.write_worksheet(records, path, sheet_name="Data", freeze_row=1,
                                      bold_headers=True)


@writer("pyexcelerate")
def _pyexcelerate(path: str, rows: Iterator[list[tuple[Any, ...]]]) -> None:
    from pyexcelerate import Workbook

    data = [list(COLUMNS)] + [list(row) for batch in rows for row in batch]
    wb = Workbook()
    wb.new_sheet("Data", data=data)
    wb.save(path)


@writer("fastxlsxio")
def _fastxlsxio(path: str, rows: Iterator[list[tuple[Any, ...]]]) -> None:
    from fastxlsxio import XIOWOptions, XIOWWorkbook

    options = XIOWOptions()
    options.constant_memory = True
    wb = XIOWWorkbook(path, options)
    ws = wb.add_worksheet("Data")
    ws.write_row(0, 0, COLUMNS)
    r = 1
    for batch in rows:
        ws.write_rows(r, 0, batch)
        r += len(batch)
    wb.save()


@writer("rustypyxl")
def _rustypyxl(path: str, rows: Iterator[list[tuple[Any, ...]]]) -> None:
    from rustypyxl import WriteOnlyWorkbook

    wb = WriteOnlyWorkbook(path)
    wb.create_sheet("Data")
    wb.append_row(list(COLUMNS))
    for batch in rows:
        wb.append_rows([list(row) for row in batch])
    wb.close()


@writer("jetxl")
def _jetxl(path: str, rows: Iterator[list[tuple[Any, ...]]]) -> None:
    import jetxl

    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    for batch in rows:
        for row in batch:
            for name, value in zip(COLUMNS, row, strict=True):
                columns[name].append(value)
    jetxl.write_sheet(columns, path, sheet_name="Data")


def vm_hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(name: str, n: int, out: str) -> None:
    started = time.perf_counter()
    WRITERS[name](out, batches(n))
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "hwm_mb": vm_hwm_mb(),
                      "bytes": os.path.getsize(out) if os.path.exists(out) else 0}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_200_000)
    parser.add_argument("--writers", default=",".join(WRITERS))
    parser.add_argument("--path", default="", help="extra sys.path entry for the writers")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.path:
        sys.path.insert(0, args.path)
    if args.child:
        child(args.child[0], int(args.child[1]), args.child[2])
        return 0
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.writers.split(","):
            out = os.path.join(tmp, f"{name}.out")
            argv = [sys.executable, __file__, "--path", args.path, "--child", name,
                    str(args.rows), out]
            proc = subprocess.run(argv, capture_output=True, text=True, check=False)
            if proc.returncode:
                results[name] = {"error": proc.stderr.strip().splitlines()[-1:]}
            else:
                results[name] = json.loads(proc.stdout.strip().splitlines()[-1])
            Path(out).unlink(missing_ok=True)
            print(f"  {name}: {results[name]}", flush=True)
    base = results.get("csv", {}).get("seconds")
    print(f"\n{args.rows:,} rows")
    print(f"{'writer':<22}{'seconds':>9}{'x csv':>8}{'peak RSS MB':>13}{'file MB':>9}")
    for name, r in results.items():
        if "error" in r:
            print(f"{name:<22} FAILED: {r['error']}")
            continue
        ratio = r["seconds"] / base if base else float("nan")
        print(f"{name:<22}{r['seconds']:>9.2f}{ratio:>8.2f}{r['hwm_mb']:>13.1f}"
              f"{r['bytes'] / 1e6:>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
