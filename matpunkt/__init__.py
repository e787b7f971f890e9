"""Mätpunkt: the NNS survey instrument "Indikatorer för finansiell samordning", end to end."""
