"""Runs the Sparkov generator (datagen.py, MIT) under Debian's old Faker 0.9.3 (python3-fake-factory).

Faker 0.9.3 has no class-level Faker.seed() and no coordinate(center, radius); this wraps Faker so
Faker.seed(n) seeds the shared random generator and adds coordinate() as later Faker versions define
it, then runs datagen.py unchanged with the given arguments.
Usage (inside the generator's directory): /usr/bin/python3 run_sparkov.py -n 1000 -o out 01-01-2020 12-31-2020
"""
import runpy
import sys
from decimal import Decimal

import faker
from faker import generator

_create = faker.Faker


class _CompatFaker:
    def __new__(cls, *args, **kwargs):
        fake = _create(*args, **kwargs)
        if not hasattr(fake, "coordinate"):
            fake.coordinate = lambda center=None, radius=0.001: _coordinate(fake, center, radius)
        return fake

    @staticmethod
    def seed(value):
        generator.random.seed(value)


def _coordinate(fake, center, radius):
    if center is None:
        return Decimal(str(fake.random.randint(-180000000, 180000000) / 1000000.0)).quantize(Decimal(".000001"))
    value = fake.random.uniform(float(center) - float(radius), float(center) + float(radius))
    return Decimal(str(value)).quantize(Decimal(".000001"))


faker.Faker = _CompatFaker
sys.argv = ["datagen.py"] + sys.argv[1:]
runpy.run_path("datagen.py", run_name="__main__")
