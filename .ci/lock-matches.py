"""Does the installed set (from requirements.lock) satisfy every requirement of
pyproject.toml, the test extra included? A dependency added to pyproject.toml
without `make lock` fails here, by name, instead of deep in the tests."""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, requires, version

from packaging.requirements import Requirement

problems = []
for line in requires("consult") or []:
    req = Requirement(line)
    if req.marker and not req.marker.evaluate({"extra": "test"}):
        continue
    try:
        installed = version(req.name)
    except PackageNotFoundError:
        problems.append(f"{req} is not in requirements.lock")
        continue
    if not req.specifier.contains(installed, prereleases=True):
        problems.append(f"{req}: requirements.lock has {installed}")
if problems:
    print("requirements.lock does not satisfy pyproject.toml:", *problems, sep="\n  ",
          file=sys.stderr)
    print("run 'make lock' and commit requirements.lock", file=sys.stderr)
    sys.exit(1)
