"""Imported by the DataLoader's forkserver: loads the image decoder before workers fork from it."""

from ._tensors import _torchvision_decoder

_torchvision_decoder()
