#include "sandbox/language.h"

namespace ponder::sandbox {
namespace {

// The driver every Python process of a run starts with. It adds Debian's dist-packages (for
// numpy) to sys.path by hand because the interpreter runs with -S: site would also run the
// .pth hooks found there. Why each step: see the header.
constexpr const char* kDriver = R"PY(# ponder's Python driver: runs main.py for one sandboxed test.
import builtins
import sys

sys.path.append("/usr/lib/python3/dist-packages")


def exit_like_site(code=None):
    # exit() and quit() come from the site module, which -S skips; judge solutions use them.
    raise SystemExit(code)


builtins.exit = builtins.quit = exit_like_site

APPS_IMPORTS = """
import sys
import time
import itertools
from itertools import accumulate, product, permutations, combinations
import collections
from collections import Counter, OrderedDict, deque, defaultdict, ChainMap
from functools import lru_cache
import math
from math import sqrt, sin, cos, tan, ceil, fabs, floor, gcd, exp, log, log2
import fractions
from typing import List, Tuple
import random
import heapq
from heapq import *
"""


def wrap_like_apps(text):
    # APPS's harness runs a standard-input program as the body of a function, code(): the
    # import lines before the first other line stay at module level, every later line is
    # indented by a tab. Some APPS reference solutions only compile that way (a top-level
    # return, or nonlocal naming a top-level variable).
    lines = text.split("\n")
    head = 0
    while head < len(lines) and lines[head].startswith(("from ", "import ")):
        head += 1
    body = ["\t" + line for line in lines[head:]]
    return "\n".join(lines[:head] + ["import sys", "stdin = sys.stdin", "stdout = sys.stdout",
                                      "def code():"] + body + ["code()", ""])


def load(call_based):
    """Returns (source bytes, code object). A standard-input program that does not compile
    as a script is compiled the way APPS's harness wraps it, if that compiles."""
    with open("main.py", "rb") as f:
        source = f.read()
    try:
        return source, compile(source, "main.py", "exec")
    except SyntaxError as plain:
        if call_based:
            raise
        try:
            return source, compile(wrap_like_apps(source.decode("utf-8")), "main.py", "exec")
        except (SyntaxError, ValueError, UnicodeDecodeError):
            raise plain


def new_module(name):
    import types
    module = types.ModuleType(name)
    module.__file__ = "main.py"
    sys.modules[name] = module
    return module


def check_syntax(call_based):
    try:
        load(call_based)
    except (SyntaxError, ValueError) as e:  # ValueError: the source holds null bytes
        sys.stderr.write(f"{type(e).__name__}: {e}\n")
        sys.exit(1)


def run_as_main():
    _, code = load(False)
    sys.argv = ["main.py"]
    exec(code, new_module("__main__").__dict__)


def report(kind, text):
    import os
    data = (kind + text).encode("utf-8", "surrogatepass")
    while data:
        data = data[os.write(3, data):]


def call(fn_name):
    import json
    args = json.loads(sys.stdin.read())
    # JSON forces dict keys to strings; APPS turns a leading dict argument's keys back into ints.
    if args and isinstance(args[0], dict):
        try:
            args[0] = {int(k): v for k, v in args[0].items()}
        except ValueError:
            pass
    source, code = load(True)
    module = new_module("tmp_sol")
    exec(APPS_IMPORTS, module.__dict__)
    exec(code, module.__dict__)
    target = module.Solution() if b"class Solution" in source else module
    result = getattr(target, fn_name)(*args)
    if isinstance(result, tuple):
        result = list(result)
    try:
        text = json.dumps(result)
    except (TypeError, ValueError) as e:
        report("E", f"return value of type {type(result).__name__} is not JSON: {e}")
        return
    report("R", text)


mode = sys.argv[1]
if mode == "compile":
    check_syntax(call_based=sys.argv[2] != "")
elif mode == "stdin":
    run_as_main()
else:
    call(sys.argv[2])
)PY";

std::vector<std::string> PythonArgv(std::initializer_list<const char*> tail) {
  // -S: no site (no .pth hooks); -s: no user site; -P: no script dir on sys.path; -B: no .pyc.
  std::vector<std::string> argv = {"/usr/bin/python3", "-S", "-s", "-P", "-B", "ponder_driver.py"};
  argv.insert(argv.end(), tail.begin(), tail.end());
  return argv;
}

}  // namespace

const LanguageSpec& Python3Language() {
  static const LanguageSpec* const spec = new LanguageSpec{
      .name = "python3",
      .source_file = "main.py",
      .support_files = {{"ponder_driver.py", kDriver}},
      // A fixed hash seed makes set and dict-of-str iteration order, and so outputs, repeatable.
      .env = {"PYTHONHASHSEED=0", "PYTHONUTF8=1", "PYTHONIOENCODING=utf-8:surrogateescape"},
      .compile_argv = PythonArgv({"compile", "{fn_name}"}),
      .run_argv = PythonArgv({"stdin"}),
      .call_argv = PythonArgv({"call", "{fn_name}"}),
  };
  return *spec;
}

}  // namespace ponder::sandbox
