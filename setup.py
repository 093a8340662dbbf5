"""Packaging glue that pyproject.toml cannot express (all metadata is in pyproject.toml).

The templates stay at the top of the repository (``templates/``, where the design puts them) and are shipped inside
the package as ``generator/templates``: a ``package_dir`` mapping, every template folder listed as a (namespace)
package of its own so that setuptools copies its files without warnings (a folder name must not contain a dot).
pyproject.toml cannot combine automatic discovery with such a mapped tree, hence this file. New subpackages of
``generator`` and new template folders are found automatically.
"""

from setuptools import find_namespace_packages, find_packages, setup

TEMPLATES = ["generator.templates"] + [f"generator.templates.{p}" for p in find_namespace_packages(where="templates")]

setup(
    packages=find_packages(include=["generator", "generator.*"]) + TEMPLATES,
    package_dir={"generator.templates": "templates"},
    # every file in a package folder ships: the templates, and data beside the code (the code catalogue, and whatever
    # a writer may keep next to its module); tests/test_wheel.py checks that none is missing
    package_data={"": ["*"], "generator.scaffold": ["skeleton/*/*.yaml"]},
)
