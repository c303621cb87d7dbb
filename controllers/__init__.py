from . import arrival
from . import dataset
