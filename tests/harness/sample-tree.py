"""The sample tree (tests/lib/sampletree.py) has the promised shape and is
the same on every run; the fixture tree of servers.make_tree too."""

import os
import shutil
import struct
import subprocess
import sys
import zlib

import tap
from tap import ok, is_, like
import sampletree
import servers

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.environ.get("TOP_SRCDIR", os.path.join(HERE, "..", ".."))


def png_info(data):
    """(width, height, pixels bytes) of a PNG; raises on any bad CRC."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("no PNG signature")
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        crc, = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])
        if zlib.crc32(kind + body) & 0xffffffff != crc:
            raise ValueError("bad CRC in %r" % kind)
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        pos += 12 + n
    return ihdr[0], ihdr[1], zlib.decompress(idat)


def main():
    tmp = servers.workdir("sampletree-")
    a = os.path.join(tmp, "a")
    b = os.path.join(tmp, "b")
    sums = sampletree.generate(a)
    r = subprocess.run([sys.executable,
                        os.path.join(TOP, "tests", "lib", "sampletree.py"), b],
                       capture_output=True, text=True, timeout=120)
    is_(r.returncode, 0, "the CLI writes a tree")
    like(r.stdout, r"\d+ files", "the CLI reports it")
    is_(servers.tree_sums(a), sums, "generate() returns the files' SHA-256s")
    is_(servers.tree_sums(b), sums, "a second run writes the same bytes")
    is_(sampletree.expected_sums(), sums, "expected_sums() agrees")

    def mtimes(root):
        out = {}
        for d, dirs, files in os.walk(root):
            for n in dirs + files:
                p = os.path.join(d, n)
                out[os.path.relpath(p, root)] = os.lstat(p).st_mtime
        return out
    ma, mb = mtimes(a), mtimes(b)
    is_(ma, mb, "names, links and mtimes are the same on every run")
    ok(len(set(ma.values())) > 1000, "mtimes vary (%d distinct)" %
       len(set(ma.values())))
    ok(min(ma.values()) >= sampletree.T0 and max(ma.values()) <= sampletree.T1,
       "mtimes between 1996 and 2024")

    for p in ("README", ".message", "pub/README", "pub/00index.txt",
              "pub/linux/INDEX", "pub/linux/logos/pictures/INDEX",
              "pub/docs/Guia do Usu\u00e1rio/Ap\u00eandice A.txt",
              "pub/docs/\u65e5\u672c\u8a9e/\u306f\u3058\u3081\u306b.txt"):
        ok(os.path.isfile(os.path.join(a, p)), "has " + p)
    pics = os.path.join(a, "pub/linux/logos/pictures")
    w, h, pix = png_info(open(os.path.join(pics, "tux.png"), "rb").read())
    is_((w, h), (128, 128), "tux.png is a valid 128x128 PNG")
    is_(len(pix), 128 * (128 * 4 + 1), "tux.png pixels decompress")
    colours = {pix[i:i + 4] for i in range(1, len(pix), 4)}
    ok(len(colours) >= 4, "tux.png is a picture, not a blank")
    is_(os.readlink(os.path.join(pics, "tux-latest.png")), "tux.png",
        "a file symlink")
    is_(os.readlink(os.path.join(a, "pub/current")), "linux",
        "a directory symlink")
    big = os.listdir(os.path.join(a, "pub/mirrors/big"))
    is_(len(big), sampletree.BIG_COUNT, "pub/mirrors/big holds %d files" %
        sampletree.BIG_COUNT)
    ok(any(" " in n for n in big) and any(not n.isascii() for n in big),
       "big/ has names with spaces and UTF-8")
    text = open(os.path.join(a, "pub/linux/README"), "rb").read()
    ok(b"\r" not in text and text.endswith(b"\n"), "text files have LF lines")
    dos = open(os.path.join(a, "pub/docs/dos-readme.txt"), "rb").read()
    ok(dos.count(b"\r\n") == 2, "one CRLF text file")
    modes = {os.lstat(os.path.join(d, n)).st_mode & 0o022
             for d, ds, fs in os.walk(a) for n in fs
             if not os.path.islink(os.path.join(d, n))}
    is_(modes, {0}, "nothing writable by group or others")

    f = os.path.join(tmp, "fixture")
    fs = servers.make_tree(f, seed=3)
    is_(servers.tree_sums(f), fs, "make_tree: files and SHA-256s")
    f2 = os.path.join(tmp, "fixture2")
    is_(servers.make_tree(f2, seed=3), fs, "make_tree is deterministic")
    ok(any(k.endswith("random-1048579.bin") for k in fs),
       "make_tree: a 1 MiB + 3 binary file")
    ok(any("level8" in k for k in fs), "make_tree: a deep tree")
    shutil.rmtree(tmp, ignore_errors=True)


tap.main(main)
