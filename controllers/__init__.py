from . import dataset
