from . import arrival
from . import cs_job_confirmation
from . import contact_report
from . import dataset
from . import portal
