"""Validation of a SCORM manifest against the official schema files its
xsi:schemaLocation names (fetched by tests/scorm/npm.py), with xmlschema."""

import shutil
import tempfile
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import xmlschema

from .npm import schemas

XSI = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
# SCORM 1.2's ims_xml.xsd binds the default namespace to the xml namespace, which XML
# forbids and every namespace-aware parser refuses: it is read without that one
# declaration (the fix other SCORM validators make), and is otherwise the official file.
IMS_XML = "ims_xml.xsd"
FORBIDDEN_BINDING = 'xmlns="http://www.w3.org/XML/1998/namespace"'
# SCORM 1.2's metadata schema (imsmd) has content models that XSD 1.0's unique
# particle rule rejects (an optional element before a wildcard that may match it);
# XSD 1.1 allows them, and validates the same way otherwise. SCORM 2004's files are
# read as XSD 1.0.
SCHEMA_CLASS = {"1.2": xmlschema.XMLSchema11, "2004": xmlschema.XMLSchema10}


@cache
def readable_copy(version):
    copy = Path(tempfile.mkdtemp(prefix="scorm-schemas-")) / version
    shutil.copytree(schemas(version), copy)
    ims_xml = copy / IMS_XML
    if ims_xml.exists():
        ims_xml.write_text(ims_xml.read_text().replace(FORBIDDEN_BINDING, "", 1))
    return copy


@cache
def schema(version, locations):
    """The schema of the files a manifest names (a name not in the official set fails)."""
    folder = readable_copy(version)
    pairs = locations.split()
    files = []
    for name in pairs[1::2]:
        assert (folder / name).is_file(), f"{name} is not an official schema file"
        files.append(str(folder / name))
    return SCHEMA_CLASS[version](files)


def validation_errors(manifest, version):
    """What the schema finds wrong with the manifest (nothing when it is valid)."""
    locations = ElementTree.fromstring(manifest).get(XSI)  # noqa: S314 (our own manifest)
    return [
        str(error.reason)
        for error in schema(version, locations).iter_errors(manifest.decode())
    ]
