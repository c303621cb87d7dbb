from . import cs_demo
