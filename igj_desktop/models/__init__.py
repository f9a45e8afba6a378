"""The domain model. Importing this package registers every table on ``Base.metadata``."""

from . import (
    inhoudlezers,  # noqa: F401  (PostgreSQL readers of document texts after create_all)
    zoekfuncties,  # noqa: F401  (PostgreSQL search functions after create_all)
    zoeklezers,  # noqa: F401  (PostgreSQL search columns after create_all)
)
from .activiteit import (
    Activiteit,
    ActiviteitDocument,
    ActiviteitStatus,
    Urgentie,
    Workflow,
    WorkflowStatus,
)
from .afspraak import Afspraak, AfspraakSoort, AfspraakStatus, Deelnemer
from .audit import AuditEntry
from .base import Base, utcnow
from .document import (
    Content,
    Document,
    DocumentDossier,
    DocumentRichting,
    DocumentStatus,
    Inhoud,
    InhoudHouder,
    Versie,
)
from .dossier import (
    Dossier,
    DossierStatus,
    Dossiertype,
    GerelateerdDossier,
    KenmerkTeller,
    KenmerkUitgifte,
    Toegang,
    ToegangRol,
)
from .organisatie import Groep, GroepSoort, Lidmaatschap, Medewerker, MedewerkerRol, Rol, RolCode
from .outbox import OutboxItem, OutboxStatus
from .post import Post, PostDossier, PostRichting, PostStatus, Telefoonnotitie
from .relatie import Betrokkene, BetrokkeneRol, Relatie, RelatieSoort
from .sync import Lease, SyncChange, SyncConflict, ToegepasteWijziging
from .toetsing import (
    Bevinding,
    BevindingStatus,
    Bewijs,
    InstrumentStatus,
    InstrumentVersie,
    Norm,
    Oordeel,
    OordeelWaarde,
    Toetsingsinstrument,
    Waarneming,
)
from .zoektekst import VersieTekst

__all__ = [
    "Activiteit",
    "ActiviteitDocument",
    "ActiviteitStatus",
    "Afspraak",
    "AfspraakSoort",
    "AfspraakStatus",
    "AuditEntry",
    "Base",
    "Betrokkene",
    "BetrokkeneRol",
    "Bevinding",
    "BevindingStatus",
    "Bewijs",
    "Content",
    "Deelnemer",
    "Document",
    "DocumentDossier",
    "DocumentRichting",
    "DocumentStatus",
    "Dossier",
    "DossierStatus",
    "Dossiertype",
    "GerelateerdDossier",
    "Groep",
    "GroepSoort",
    "Inhoud",
    "InhoudHouder",
    "InstrumentStatus",
    "InstrumentVersie",
    "KenmerkTeller",
    "KenmerkUitgifte",
    "Lease",
    "Lidmaatschap",
    "Medewerker",
    "MedewerkerRol",
    "Norm",
    "Oordeel",
    "OordeelWaarde",
    "OutboxItem",
    "OutboxStatus",
    "Post",
    "PostDossier",
    "PostRichting",
    "PostStatus",
    "Relatie",
    "RelatieSoort",
    "Rol",
    "RolCode",
    "SyncChange",
    "SyncConflict",
    "Telefoonnotitie",
    "Toegang",
    "ToegangRol",
    "ToegepasteWijziging",
    "Toetsingsinstrument",
    "Urgentie",
    "Versie",
    "VersieTekst",
    "Waarneming",
    "Workflow",
    "WorkflowStatus",
    "utcnow",
]
