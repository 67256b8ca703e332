"""i18nlib.py: what the tests of tests/i18n share.

    from i18nlib import catalogue_dir, need_locale, PT, SRCDIR

    d = catalogue_dir()       # DIR with pt_BR/LC_MESSAGES/jangada.mo
    need_locale(PT)           # Skip (or, under scripts/check, fail)
    jangada(args, lang=PT, env={"JANGADA_LOCALEDIR": d})

The build is installed nowhere, so jangada is pointed at a catalogue of
its own through JANGADA_LOCALEDIR (src/main.c reads it before LOCALEDIR).
The catalogue is compiled here from po/pt_BR.po, so the tests check the
translation as it is in the tree, not a .gmo left by an older build; with
no msgfmt (a tarball built without gettext's tools) the .gmo that the
tarball ships is used.
"""

import os
import shutil
import subprocess
import tempfile

import tap

PT = "pt_BR.UTF-8"
HERE = os.path.dirname(os.path.abspath(__file__))
SRCDIR = os.environ.get("TOP_SRCDIR") or os.path.join(HERE, "..", "..")
BUILDDIR = os.environ.get("TOP_BUILDDIR") or SRCDIR
PO = os.path.join(SRCDIR, "po", "pt_BR.po")


def msgfmt():
    """The msgfmt program, or None."""
    return shutil.which("msgfmt")


def has_locale(name):
    """Does `locale -a` list name (pt_BR.UTF-8 is listed as pt_BR.utf8)?"""
    try:
        out = subprocess.run(["locale", "-a"], capture_output=True,
                             text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    want = name.lower().replace("utf-8", "utf8")
    return want in [l.strip().lower().replace("utf-8", "utf8")
                    for l in out.splitlines()]


def need_locale(name):
    """Raise Skip when the system lacks the locale; scripts/check makes it
    (ensure_locale), so there (JANGADA_REQUIRE_SERVERS=1) it is a failure."""
    if has_locale(name):
        return
    why = ("the %s locale is missing (locale -a); generate it with "
           "locale-gen or run ./scripts/check, which does" % name)
    if os.environ.get("JANGADA_REQUIRE_SERVERS") == "1":
        raise RuntimeError(why)
    raise tap.Skip(why)


_dir = None


def catalogue_dir():
    """A directory holding pt_BR/LC_MESSAGES/jangada.mo, made once."""
    global _dir
    if _dir is not None:
        return _dir
    d = tempfile.mkdtemp(prefix="jangada-locale.")
    mo_dir = os.path.join(d, "pt_BR", "LC_MESSAGES")
    os.makedirs(mo_dir)
    mo = os.path.join(mo_dir, "jangada.mo")
    if msgfmt() is not None:
        subprocess.run([msgfmt(), "-o", mo, PO], check=True)
    else:
        for p in (os.path.join(BUILDDIR, "po", "pt_BR.gmo"),
                  os.path.join(SRCDIR, "po", "pt_BR.gmo")):
            if os.path.exists(p):
                shutil.copyfile(p, mo)
                break
        else:
            shutil.rmtree(d)
            raise tap.Skip("no msgfmt and no po/pt_BR.gmo to use")
    import atexit
    atexit.register(shutil.rmtree, d, True)
    _dir = d
    return d


def env():
    """The environment entries that point jangada at the catalogue."""
    return {"JANGADA_LOCALEDIR": catalogue_dir()}
