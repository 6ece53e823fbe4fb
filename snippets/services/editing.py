"""The snippet form (new and edit): what the user typed, and the version it makes.

Nothing the user typed is dropped on an error: the view re-renders the same
``SnippetForm``. An edit made on a stale parent raises Conflict; the view then
moves the form onto the new head so a second submit works.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from repos import Changeset
from snippets import validation
from snippets.errors import Invalid
from snippets.models import Snippet, User
from snippets.services import snippets, versions


@dataclass(frozen=True)
class FileSlot:
    """One file box of the form; ``original`` is its path in the parent version ("" if new)."""

    path: str
    content: str
    original: str = ""
    deleted: bool = False


@dataclass(frozen=True)
class SnippetForm:
    title: str = ""
    blurb: str = ""
    tags: str = ""
    cell: str = ""
    message: str = ""
    parent: str = ""
    slots: tuple[FileSlot, ...] = field(default_factory=lambda: (FileSlot("main.py", ""),))

    @classmethod
    def from_request(cls, form) -> SnippetForm:
        """Read the posted form; file boxes left entirely empty are dropped."""
        deleted = set(form.getlist("delete"))
        names, contents, originals = form.getlist("filename"), form.getlist("content"), form.getlist("original")
        originals += [""] * (len(names) - len(originals))
        slots = tuple(
            FileSlot(name.strip(), content.replace("\r\n", "\n"), original, original in deleted and original != "")
            for name, content, original in zip(names, contents, originals)
            if name.strip() or content.strip() or original
        )
        return cls(
            title=form.get("title", ""),
            blurb=form.get("blurb", "").replace("\r\n", "\n"),
            tags=form.get("tags", ""),
            cell=form.get("cell", "").replace("\r\n", "\n"),
            message=form.get("message", ""),
            parent=form.get("parent", ""),
            slots=slots or (FileSlot("main.py", ""),),
        )

    @classmethod
    def from_snippet(cls, site, snippet: Snippet) -> SnippetForm:
        """The form for editing the head version."""
        head, files = versions.contents(site, snippet, snippet.head_rev)
        slots = tuple(FileSlot(path, _text(data), path) for path, data in files.items())
        return cls(
            title=snippet.title,
            blurb=snippet.blurb,
            tags=" ".join(t.name for t in snippet.tags),
            cell=snippet.cell,
            parent=head.rev,
            slots=slots,
        )

    def tag_list(self) -> list[str]:
        return validation.tags([t for t in self.tags.replace(",", " ").split() if t])

    def files(self) -> dict[str, str]:
        """Path -> text of every file kept, refusing empty and repeated names."""
        result: dict[str, str] = {}
        for slot in self.slots:
            if slot.deleted:
                continue
            if not slot.path:
                raise Invalid("Every file needs a name.")
            if slot.path in result:
                raise Invalid(f"Two files are named '{slot.path}'.")
            result[slot.path] = slot.content
        return result

    def on_parent(self, rev: str) -> SnippetForm:
        return replace(self, parent=rev)


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def create(site, user: User, form: SnippetForm) -> Snippet:
    data = {
        "title": form.title,
        "blurb": form.blurb,
        "tags": form.tag_list(),
        "files": form.files(),
        "message": form.message or None,
        "cell": form.cell,
    }
    return snippets.create(site, user, snippets.NewSnippet.from_json(data, site.config))


def file_changes(site, snippet: Snippet, form: SnippetForm) -> tuple[dict[str, str], list[str]]:
    """Files to write and paths to delete to turn ``form.parent`` into the form.

    A renamed file is deleted under its old path and added under the new one.
    A box whose original is gone from the parent (someone deleted it meanwhile)
    counts as a new file, so a retry after a conflict still keeps the text.
    """
    kept = form.files()
    _, in_parent = versions.contents(site, snippet, form.parent)
    changed: dict[str, str] = {}
    delete: list[str] = []
    for slot in form.slots:
        original = slot.original if slot.original in in_parent else ""
        if slot.deleted or (original and slot.path != original):
            if original:
                delete.append(original)
            if slot.deleted:
                continue
        if original and slot.path == original:
            if _text(in_parent[original]) != slot.content:
                changed[slot.path] = slot.content
        else:
            changed[slot.path] = kept[slot.path]
    delete = [path for path in delete if path not in changed]
    return changed, delete


def save(site, user: User, snippet: Snippet, form: SnippetForm) -> Changeset | None:
    """A new version if files changed, and the new title/blurb/tags/cell; Invalid if nothing changed."""
    snippets.require_owner(user, snippet)
    if not form.parent:
        raise Invalid("The form does not say which version it edits; reload the page.")
    meta = {
        "title": validation.title(form.title),
        "blurb": validation.blurb(form.blurb),
        "tags": form.tag_list(),
        "cell": form.cell,
    }
    current = {"title": snippet.title, "blurb": snippet.blurb, "tags": [t.name for t in snippet.tags], "cell": snippet.cell}
    meta_changed = {k: v for k, v in meta.items() if v != current[k]}
    changed, delete = file_changes(site, snippet, form)
    if not changed and not delete and not meta_changed:
        raise Invalid("Nothing changed: edit a file, the title, the description or the tags.")
    owner, name = snippet.owner.username, snippet.name
    head = None
    if changed or delete:
        data = {"parent": form.parent, "files": changed, "delete": delete, "message": form.message or None}
        head = versions.add_version(site, user, owner, name, versions.NewVersion.from_json(data, site.config))
    if meta_changed:
        snippets.update(site, user, owner, name, meta_changed)
    return head
