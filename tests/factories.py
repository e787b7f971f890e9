"""factory_boy factories for the domain. Periods use the shipped instrument versions."""

import datetime

import factory
from django.contrib.auth import get_user_model

from matpunkt.fieldwork.models import Distribution, Period
from matpunkt.instrument.models import InstrumentVersion
from matpunkt.organisations.models import Forbund, Insats, Membership, Role
from matpunkt.responses.models import Response, Source


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("lösenord-för-test")


class ForbundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forbund
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Förbund {n}")
    members = "Arbetsförmedlingen\nFörsäkringskassan\nRegion Test\nTestkommun"
    contact_name = "Kim Kontakt"
    contact_role = "Förbundschef"
    contact_phone = "010-123 45 67"
    contact_email = "kim@example.org"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    forbund = factory.SubFactory(ForbundFactory)
    role = Role.FORBUND_ADMIN


class InsatsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Insats
        django_get_or_create = ("forbund", "name")

    forbund = factory.SubFactory(ForbundFactory)
    name = factory.Sequence(lambda n: f"Insats {n}")
    groups = factory.LazyFunction(
        lambda: ["deltagare_pagaende", "deltagare_avslut", "personal", "styrelse", "chefsgrupp"]
    )


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Period
        django_get_or_create = ("label",)

    label = "2021"
    starts_on = datetime.date(2021, 9, 1)
    # Still collecting: codes and open links are made only before a period has ended.
    ends_on = None
    version = factory.LazyAttribute(
        lambda o: InstrumentVersion.objects.get(code="2017" if o.label == "2017" else "2021")
    )


class DistributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Distribution

    insats = factory.SubFactory(InsatsFactory)
    period = factory.SubFactory(PeriodFactory)
    group = "deltagare_pagaende"
    asked = 10
    unreachable = 0
    # Counts given to the factory are entered counts (unless the place counts from a list).
    entered_asked = factory.LazyAttribute(lambda o: 0 if o.from_list else o.asked)
    entered_unreachable = factory.LazyAttribute(lambda o: 0 if o.from_list else o.unreachable)
    from_list = False


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    insats = factory.SubFactory(InsatsFactory)
    period = factory.SubFactory(PeriodFactory)
    group = "deltagare_pagaende"
    variant = "utan_kon"
    kon = ""
    source = Source.PAPER
    recorded_on = datetime.date(2021, 10, 1)
