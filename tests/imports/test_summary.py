from matpunkt.responses.importing.common import ImportResult
from matpunkt.responses.models import ImportBatch


def test_a_long_list_of_created_insatser_is_shortened_in_the_summary():
    result = ImportResult(
        kind=ImportBatch.Kind.RESPONSES,
        filename="svar.csv",
        stored=24,
        insatser=12,
        created_insatser=[f"Insats {n}" for n in range(12)],
    )
    assert result.summary() == (
        "24 svar importerade för 12 insatser. Nya insatser: Insats 0, Insats 1, Insats 2, "
        "Insats 3, Insats 4, Insats 5, Insats 6, Insats 7, Insats 8, Insats 9 och 2 till."
    )
