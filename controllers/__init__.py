from . import contact_report
from . import dataset
