"""hyesan-analysis: parameterized economic reports on state-sanctioned car smuggling into Hyesan."""

__version__ = "0.1.0"
