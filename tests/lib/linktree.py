"""The tree of symbolic links the recursion tests share
(tests/batch/symlinks.py, tests/cmds/mirror_links.py): a link to a file,
to a directory, a dangling one, loops, ones climbing out of the tree, an
absolute one, and two inside a subdirectory."""

import os

LINKS = [("good", "a.txt"), ("gooddir", "sub"), ("dangling", "nothere"),
         ("loop", "."), ("up", ".."), ("escape", "../../etc"),
         ("abs", "/etc/passwd"), ("sub/back", "../a.txt"),
         ("sub/trick", "x/../../..")]


def make_tree(root):
    """root/tree: a.txt, sub/b.txt and the links of LINKS."""
    t = os.path.join(root, "tree")
    os.makedirs(os.path.join(t, "sub"))
    with open(os.path.join(t, "a.txt"), "w") as f:
        f.write("a\n")
    with open(os.path.join(t, "sub", "b.txt"), "w") as f:
        f.write("b\n")
    for name, target in LINKS:
        os.symlink(target, os.path.join(t, name))
