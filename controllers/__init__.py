from . import announcement
from . import arrival
from . import contact_report
from . import cs_job_confirmation
from . import dataset
from . import portal
