/**
 * Messages of open data import and export (自治体標準オープンデータセット: 観光施設一覧, イベント一覧).
 * Registered into the catalogues (i18n.ts) when this module is first loaded.
 */

import { registerMessages } from './i18n';

export const opendataJa = {
  // List pages
  'opendata.list.import': 'CSV ファイルから取り込む',
  'opendata.list.jump': 'オープンデータ（CSV の書き出し・公開 URL）',
  'opendata.section.title': 'オープンデータ',
  'opendata.export.title': 'CSV ファイルに書き出す',
  'opendata.export.intro.spot':
    '登録されているすべての観光スポット（下書き・公開停止中のものを含む）を、自治体標準オープンデータセットの「観光施設一覧」の形式で書き出します。',
  'opendata.export.intro.event':
    '登録されているすべてのイベント（下書き・公開停止中のものを含む）を、自治体標準オープンデータセットの「イベント一覧」の形式で書き出します。',
  'opendata.export.encoding': '文字コード',
  'opendata.export.enc.utf8-bom': 'UTF-8（BOM 付き。Excel でそのまま開けます）',
  'opendata.export.enc.utf8': 'UTF-8（BOM なし）',
  'opendata.export.enc.sjis': 'Shift_JIS（古い表計算ソフトやシステム向け）',
  'opendata.export.submit': 'CSV ファイルを書き出す',
  'opendata.export.busy': '書き出しています…',
  'opendata.export.done': 'ファイル「{name}」をダウンロードしました。',
  'opendata.export.useUtf8': 'UTF-8（BOM 付き）で書き出す',
  'opendata.public.title': '公開中のオープンデータの URL',
  'opendata.public.intro.spot':
    '観光サイトに公開中の観光スポットだけを含むファイルです。ログインしなくても、だれでも利用できます。オープンデータのカタログサイトなどには、この URL を登録してください。',
  'opendata.public.intro.event':
    '観光サイトに公開中のイベントだけを含むファイルです。ログインしなくても、だれでも利用できます。オープンデータのカタログサイトなどには、この URL を登録してください。',
  'opendata.public.sjisNote':
    'Shift_JIS のファイルでは、Shift_JIS で表せない文字（一部の異体字や記号など）が別の文字に置き換わります。正確なデータが必要な利用者には UTF-8 のファイルを案内してください。',
  'opendata.public.caption': '公開中のオープンデータの URL（{count} 件）',
  'opendata.public.col.file': 'ファイル',
  'opendata.public.col.url': 'URL',
  'opendata.public.tourismCsv': '観光施設一覧（CSV、UTF-8）',
  'opendata.public.tourismCsvSjis': '観光施設一覧（CSV、Shift_JIS）',
  'opendata.public.spotsGeojson': '観光スポットの位置（GeoJSON）',
  'opendata.public.eventsCsv': 'イベント一覧（CSV、UTF-8）',
  'opendata.public.eventsCsvSjis': 'イベント一覧（CSV、Shift_JIS）',
  'opendata.public.eventsIcs': 'イベントカレンダー（iCalendar）',
  'opendata.public.copy': 'コピー',
  'opendata.public.copyLabel': '「{name}」の URL をコピー',
  'opendata.public.copied': '「{name}」の URL をコピーしました。',
  'opendata.public.copyFailed': 'URL をコピーできませんでした。表の URL を選択してコピーしてください。',

  // Import wizard
  'opendata.import.title.spot': '観光スポットの取り込み（CSV）',
  'opendata.import.title.event': 'イベントの取り込み（CSV）',
  'opendata.import.intro.spot':
    '自治体標準オープンデータセットの「観光施設一覧」の形式の CSV ファイルから、観光スポットをまとめて登録・更新します。取り込む前に、ファイルの誤りと、行ごとの処理（新規・更新・変更なし）を確認する画面が表示されます。',
  'opendata.import.intro.event':
    '自治体標準オープンデータセットの「イベント一覧」の形式の CSV ファイルから、イベントをまとめて登録・更新します。取り込む前に、ファイルの誤りと、行ごとの処理（新規・更新・変更なし）を確認する画面が表示されます。',
  'opendata.import.match.spot':
    'NO（ID）が同じ観光スポット（NO が空欄の行は POI コードが同じもの）、それもなければ名称と住所が同じ観光スポットが登録済みなら、その観光スポットを更新します。それ以外の行は新しく登録します。',
  'opendata.import.match.event':
    'NO（ID）が同じイベント、それがなければイベント名と住所が同じイベントが登録済みなら、そのイベントを更新します。それ以外の行は新しく登録します。',
  'opendata.import.draftNote':
    '新しく登録したものは下書きになります。公開中のものを更新した場合も、公開の操作をするまで観光サイトの表示は変わりません。',
  'opendata.import.manualHint':
    '列の名前と書き方は、利用者マニュアルの「オープンデータの取り込みと出力」を参照してください。',
  'opendata.import.needEdit':
    '取り込みには「編集」以上の権限が必要です。必要な場合は組織の管理者にご相談ください。',
  'opendata.step.label': '取り込みの手順',
  'opendata.step.item': '手順 {number}: {name}',
  'opendata.step.choose': 'ファイルの選択',
  'opendata.step.preview': '内容の確認',
  'opendata.step.done': '完了',

  'opendata.file.label': 'CSV ファイル',
  'opendata.file.hint':
    '拡張子が .csv のファイル（20 MB まで）を選びます。Excel で作成した場合は「CSV UTF-8（コンマ区切り）」または「CSV（コンマ区切り）」の形式で保存してください。',
  'opendata.file.drop': 'ファイルをこの枠にドラッグ＆ドロップしても選べます。',
  'opendata.file.dropActive': 'ここでファイルを離してください。',
  'opendata.file.selected': '選択中のファイル: {name}（{size}）',
  'opendata.file.missing': 'CSV ファイルを選んでください。',
  'opendata.file.multiple': 'ファイルは 1 つだけ選んでください。',
  'opendata.file.notCsv':
    '拡張子が .csv のファイルを選んでください（選んだファイル: {name}）。Excel のブック（.xlsx）は「CSV」形式で保存し直してください。',
  'opendata.file.empty': '選んだファイル（{name}）は空です。',
  'opendata.file.tooLarge':
    'ファイルが大きすぎます（{size}）。20 MB 以下のファイルにしてください。行の多いファイルは、いくつかに分けて取り込めます。',

  'opendata.encoding.legend': '文字コード',
  'opendata.encoding.hint':
    'ふつうは「自動判定」のままで構いません。文字化けする場合や、読めないと表示された場合に指定してください。',
  'opendata.encoding.auto': '自動判定（おすすめ）',
  'opendata.encoding.autoHint': 'UTF-8（BOM 付き・BOM なし）と Shift_JIS を見分けます。',
  'opendata.encoding.utf8': 'UTF-8',
  'opendata.encoding.utf8Hint':
    'Excel で「CSV UTF-8（コンマ区切り）」として保存したファイルや、多くのシステムが出力するファイルです。',
  'opendata.encoding.sjis': 'Shift_JIS',
  'opendata.encoding.sjisHint': 'Excel で「CSV（コンマ区切り）」として保存したファイルです。',

  'opendata.preview.submit': 'プレビューを表示する',
  'opendata.preview.submitting': 'ファイルを確認しています…',
  'opendata.error.tooLarge':
    'ファイルが大きすぎるため、受け付けられませんでした。20 MB 以下のファイルにしてください。行の多いファイルは、いくつかに分けて取り込めます。',
  'opendata.error.mediaType': 'CSV ファイル（拡張子 .csv）を選び直してください。',

  'opendata.preview.heading': '内容の確認',
  'opendata.preview.file': 'ファイル',
  'opendata.preview.fileValue': '{name}（{size}）',
  'opendata.preview.encoding': '文字コード（判定結果）',
  'opendata.preview.rowsRead': '読み取れた行',
  'opendata.detected.utf8': 'UTF-8',
  'opendata.detected.utf8-bom': 'UTF-8（BOM 付き）',
  'opendata.detected.cp932': 'Shift_JIS',
  'opendata.detected.none': '判定できませんでした',
  'opendata.count.rows': '{count} 行',
  'opendata.count.items': '{count} 件',
  'opendata.action.create': '新規',
  'opendata.action.update': '更新',
  'opendata.action.unchanged': '変更なし',
  'opendata.preview.counts': '処理の内訳',
  'opendata.preview.countsPartial':
    '誤りのない行も含め、読み取れた行の内訳です。誤りを直すまでは取り込まれません。',

  'opendata.problems.title': 'このファイルは取り込めません',
  'opendata.problems.summary':
    'ファイルに {count} 件の誤りがあります（{lines} 行）。誤りをすべて直すまで、このファイルは 1 行も取り込まれません。何も登録・変更されていません。',
  'opendata.problems.howTo':
    '下の一覧を見てファイルを修正・保存し、「ファイルを選び直す」から、もう一度選んでください。',
  'opendata.problems.caption': '誤りの一覧（{count} 件、行の順）',
  'opendata.warnings.title': '確認をおすすめする点（{count} 件）',
  'opendata.warnings.intro': '次の点があっても取り込めますが、内容を確認してください。',
  'opendata.warnings.caption': '確認をおすすめする点の一覧（{count} 件、行の順）',
  'opendata.col.line': '行',
  'opendata.col.column': '列',
  'opendata.col.message': '内容',
  'opendata.col.name': '名称',
  'opendata.col.action': '処理',
  'opendata.col.wholeRow': '（行全体）',
  'opendata.rows.title': '行ごとの処理',
  'opendata.rows.caption': '行ごとの処理（{count} 行、ファイルの順）',
  'opendata.list.more': 'ほかに {count} 件あります（最初の {shown} 件を表示しています）。',
  'opendata.preview.noRows': 'ファイルに取り込める行がありません。',
  'opendata.preview.nothingToDo':
    'すべての行が登録済みの内容と同じです。取り込んでも変わるものはありません。',
  'opendata.preview.ready': '誤りはありません。内容を確認して「取り込む」を押してください。',
  'opendata.preview.apply': '取り込む',
  'opendata.preview.rechoose': 'ファイルを選び直す',
  'opendata.confirm.title': 'このファイルを取り込みますか？',
  'opendata.confirm.body':
    '新規 {create} 件を登録し、{update} 件を更新します（変更なし {unchanged} 件）。取り込みはすべての行をまとめて行い、途中で失敗した場合は何も変更されません。',
  'opendata.apply.refused':
    '確認のあとでファイルまたは登録内容が変わったため、取り込めませんでした。下の誤りの一覧を確認してください。',

  'opendata.done.heading': '取り込みが完了しました',
  'opendata.done.summary': '新規 {created} 件、更新 {updated} 件、変更なし {unchanged} 件です。',
  'opendata.done.publishNote':
    '取り込んだものは下書きです。内容を確認して、レビュー依頼または公開をしてください。',
  'opendata.done.another': '別のファイルを取り込む',
};

export const opendataEn: Record<keyof typeof opendataJa, string> = {
  'opendata.list.import': 'Import from a CSV file',
  'opendata.list.jump': 'Open data (CSV export, public URLs)',
  'opendata.section.title': 'Open data',
  'opendata.export.title': 'Export as a CSV file',
  'opendata.export.intro.spot':
    'Exports every tourist spot (including drafts and unpublished ones) in the 観光施設一覧 format of the standard municipal open data sets.',
  'opendata.export.intro.event':
    'Exports every event (including drafts and unpublished ones) in the イベント一覧 format of the standard municipal open data sets.',
  'opendata.export.encoding': 'Character encoding',
  'opendata.export.enc.utf8-bom': 'UTF-8 with BOM (opens directly in Excel)',
  'opendata.export.enc.utf8': 'UTF-8 without BOM',
  'opendata.export.enc.sjis': 'Shift_JIS (for older spreadsheets and systems)',
  'opendata.export.submit': 'Export CSV file',
  'opendata.export.busy': 'Exporting…',
  'opendata.export.done': 'The file "{name}" has been downloaded.',
  'opendata.export.useUtf8': 'Export as UTF-8 with BOM',
  'opendata.public.title': 'Public open data URLs',
  'opendata.public.intro.spot':
    'These files contain only the tourist spots published on the tourism site. Anyone can use them without signing in. Register these URLs in open data catalogue sites.',
  'opendata.public.intro.event':
    'These files contain only the events published on the tourism site. Anyone can use them without signing in. Register these URLs in open data catalogue sites.',
  'opendata.public.sjisNote':
    'In the Shift_JIS files, characters Shift_JIS cannot hold (some variant kanji and symbols) are replaced. Point users who need exact data to the UTF-8 files.',
  'opendata.public.caption': 'Public open data URLs ({count})',
  'opendata.public.col.file': 'File',
  'opendata.public.col.url': 'URL',
  'opendata.public.tourismCsv': 'Tourist facilities (CSV, UTF-8)',
  'opendata.public.tourismCsvSjis': 'Tourist facilities (CSV, Shift_JIS)',
  'opendata.public.spotsGeojson': 'Tourist spot locations (GeoJSON)',
  'opendata.public.eventsCsv': 'Events (CSV, UTF-8)',
  'opendata.public.eventsCsvSjis': 'Events (CSV, Shift_JIS)',
  'opendata.public.eventsIcs': 'Event calendar (iCalendar)',
  'opendata.public.copy': 'Copy',
  'opendata.public.copyLabel': 'Copy the URL of "{name}"',
  'opendata.public.copied': 'The URL of "{name}" has been copied.',
  'opendata.public.copyFailed': 'The URL could not be copied. Select the URL in the table and copy it.',

  'opendata.import.title.spot': 'Import tourist spots (CSV)',
  'opendata.import.title.event': 'Import events (CSV)',
  'opendata.import.intro.spot':
    'Creates and updates tourist spots from a CSV file in the 観光施設一覧 format of the standard municipal open data sets. Before anything is imported, a preview shows the problems in the file and what happens to each row (new, update, unchanged).',
  'opendata.import.intro.event':
    'Creates and updates events from a CSV file in the イベント一覧 format of the standard municipal open data sets. Before anything is imported, a preview shows the problems in the file and what happens to each row (new, update, unchanged).',
  'opendata.import.match.spot':
    'A row updates the tourist spot with the same NO (ID) (for a row without NO, the same POI code) or, failing that, the same name and address. Every other row creates a new tourist spot.',
  'opendata.import.match.event':
    'A row updates the event with the same NO (ID) or, without one, the same name and address. Every other row creates a new event.',
  'opendata.import.draftNote':
    'New items are created as drafts. When a published item is updated, the tourism site does not change until it is published again.',
  'opendata.import.manualHint':
    'For the column names and how to write values, see the chapter "Importing and exporting open data" of the user manual.',
  'opendata.import.needEdit':
    'Importing needs the "Edit" right or higher. Ask your organisation administrator if you need it.',
  'opendata.step.label': 'Import steps',
  'opendata.step.item': 'Step {number}: {name}',
  'opendata.step.choose': 'Choose the file',
  'opendata.step.preview': 'Check the contents',
  'opendata.step.done': 'Done',

  'opendata.file.label': 'CSV file',
  'opendata.file.hint':
    'Choose a file ending in .csv (up to 20 MB). From Excel, save as "CSV UTF-8 (Comma delimited)" or "CSV (Comma delimited)".',
  'opendata.file.drop': 'You can also drag and drop the file into this box.',
  'opendata.file.dropActive': 'Drop the file here.',
  'opendata.file.selected': 'Selected file: {name} ({size})',
  'opendata.file.missing': 'Choose a CSV file.',
  'opendata.file.multiple': 'Choose only one file.',
  'opendata.file.notCsv':
    'Choose a file ending in .csv (you chose {name}). Save Excel workbooks (.xlsx) again in a CSV format.',
  'opendata.file.empty': 'The file you chose ({name}) is empty.',
  'opendata.file.tooLarge':
    'The file is too large ({size}). Use a file of 20 MB or less; a file with many rows can be imported in several parts.',

  'opendata.encoding.legend': 'Character encoding',
  'opendata.encoding.hint':
    'Normally keep "Detect automatically". Choose the encoding when the text is garbled or the file is reported as unreadable.',
  'opendata.encoding.auto': 'Detect automatically (recommended)',
  'opendata.encoding.autoHint': 'Tells UTF-8 (with or without BOM) and Shift_JIS apart.',
  'opendata.encoding.utf8': 'UTF-8',
  'opendata.encoding.utf8Hint':
    'Files saved from Excel as "CSV UTF-8 (Comma delimited)" and files most systems export.',
  'opendata.encoding.sjis': 'Shift_JIS',
  'opendata.encoding.sjisHint': 'Files saved from Excel as "CSV (Comma delimited)" on Japanese Windows.',

  'opendata.preview.submit': 'Show the preview',
  'opendata.preview.submitting': 'Checking the file…',
  'opendata.error.tooLarge':
    'The file is too large and was not accepted. Use a file of 20 MB or less; a file with many rows can be imported in several parts.',
  'opendata.error.mediaType': 'Choose a CSV file (ending in .csv) again.',

  'opendata.preview.heading': 'Check the contents',
  'opendata.preview.file': 'File',
  'opendata.preview.fileValue': '{name} ({size})',
  'opendata.preview.encoding': 'Character encoding (detected)',
  'opendata.preview.rowsRead': 'Rows read',
  'opendata.detected.utf8': 'UTF-8',
  'opendata.detected.utf8-bom': 'UTF-8 with BOM',
  'opendata.detected.cp932': 'Shift_JIS',
  'opendata.detected.none': 'Could not be detected',
  'opendata.count.rows': '{count} row(s)',
  'opendata.count.items': '{count}',
  'opendata.action.create': 'New',
  'opendata.action.update': 'Update',
  'opendata.action.unchanged': 'Unchanged',
  'opendata.preview.counts': 'What would happen',
  'opendata.preview.countsPartial':
    'These counts cover the rows that could be read. Nothing is imported until the problems are fixed.',

  'opendata.problems.title': 'This file cannot be imported',
  'opendata.problems.summary':
    'The file has {count} problem(s) on {lines} line(s). Not a single row is imported until every problem is fixed. Nothing has been created or changed.',
  'opendata.problems.howTo':
    'Fix and save the file using the list below, then choose it again with "Choose another file".',
  'opendata.problems.caption': 'Problems ({count}, in line order)',
  'opendata.warnings.title': 'Points to check ({count})',
  'opendata.warnings.intro': 'These do not stop the import, but please check them.',
  'opendata.warnings.caption': 'Points to check ({count}, in line order)',
  'opendata.col.line': 'Line',
  'opendata.col.column': 'Column',
  'opendata.col.message': 'Details',
  'opendata.col.name': 'Name',
  'opendata.col.action': 'Action',
  'opendata.col.wholeRow': '(whole row)',
  'opendata.rows.title': 'Rows',
  'opendata.rows.caption': 'What happens to each row ({count} row(s), in file order)',
  'opendata.list.more': '{count} more not shown (showing the first {shown}).',
  'opendata.preview.noRows': 'The file has no rows to import.',
  'opendata.preview.nothingToDo':
    'Every row matches what is already registered. Importing would change nothing.',
  'opendata.preview.ready': 'No problems found. Check the contents and press "Import".',
  'opendata.preview.apply': 'Import',
  'opendata.preview.rechoose': 'Choose another file',
  'opendata.confirm.title': 'Import this file?',
  'opendata.confirm.body':
    '{create} new item(s) will be created and {update} updated ({unchanged} unchanged). All rows are imported together; if anything fails, nothing is changed.',
  'opendata.apply.refused':
    'The file or the registered items changed after the preview, so nothing was imported. Check the problems below.',

  'opendata.done.heading': 'The import is complete',
  'opendata.done.summary': '{created} new, {updated} updated, {unchanged} unchanged.',
  'opendata.done.publishNote':
    'The imported items are drafts. Check them, then submit them for review or publish them.',
  'opendata.done.another': 'Import another file',
};

registerMessages(opendataJa, opendataEn);
