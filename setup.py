"""Packages are found, never listed: a new subpackage under src/ is installed without a change here.

The checklists folder at the top of the repository installs as the package redflags.checklists.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages("src"), "redflags.checklists"])
