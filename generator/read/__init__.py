"""Reading a published report (PDF or DOCX) back: blocks of text and tables of cells, every piece located
(:mod:`.document`), which :mod:`.recognise` names and :mod:`.to_input` turns into an input folder."""
