#!/bin/sh
# Records CPython's run of every program here as NAME.expected.txt (tests/files.rs):
# `status N`, stdout, `--- stderr ---`, stderr, with the folder's path as {DIR}. Each
# program runs in a fresh copy of the folder, since CPython really writes files.
set -e
here=$(cd "$(dirname "$0")" && pwd)
for prog in "$here"/*.py; do
    name=$(basename "$prog" .py)
    tmp=$(mktemp -d)
    cp -r "$here"/. "$tmp"
    status=0
    (cd "$tmp" && python3 "$name.py" >"$tmp/.out" 2>"$tmp/.err") || status=$?
    {
        echo "status $status"
        cat "$tmp/.out"
        echo "--- stderr ---"
        cat "$tmp/.err"
    } | sed "s|$tmp|{DIR}|g" >"$here/$name.expected.txt"
    rm -rf "$tmp"
done
