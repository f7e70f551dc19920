"""Reading a release's text files (`release.txt`, its language versions) beside its knowledge
base: only a regular file in the release's own folder, within a size limit, in UTF-8.

A name that leaves the folder (absolute, `..`, a link out of it), that holds a NUL byte, or that
names a pipe, a device or a folder is refused before anything is read: a pipe would hang the
loader, and a reload would then never finish.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePath


class ReleaseFileError(ValueError):
    """The file cannot be used; the message says why, in one line."""


def read_release_file(folder: Path, name: str, limit: int, what: str = "release text") -> str:
    """The UTF-8 text of the file `name` in `folder`; `ReleaseFileError` otherwise, whose
    message calls the file `what`."""
    if "\0" in name:
        raise ReleaseFileError(f"{name!r} is not a file name")
    pure = PurePath(name)
    path = folder / name
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError) as error:  # a loop of links, say
        raise ReleaseFileError(f"cannot read {what} {path}: {error}") from None
    if pure.is_absolute() or ".." in pure.parts or not inside:
        raise ReleaseFileError(f"'{name}' is not a file in the release's folder")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise ReleaseFileError(f"cannot read {what} {path}: {error.strerror or error}") from None
    with os.fdopen(fd, "rb") as stream:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise ReleaseFileError(f"cannot read {what} {path}: it is not a regular file")
        data = stream.read(limit + 1)  # a file that grows meanwhile is caught too
    if max(status.st_size, len(data)) > limit:
        size = max(status.st_size, len(data))
        raise ReleaseFileError(
            f"cannot read {what} {path}: it is {size:,} bytes, over the limit of {limit:,}"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReleaseFileError(f"cannot read {what} {path}: not UTF-8 ({error.reason})") from None
