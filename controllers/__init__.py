from . import dataset
from . import arrival
