import sys; sys.path.insert(0, "/tmp/exp"); import dbg
from tests.test_exports import *
def test_x(session, population):
    from consult.summarize.service import build
    s = build(session, population)
    print(s["participation"]["total"])
