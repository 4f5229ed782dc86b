/**
 * Choosing what kind of problem it is: search the tree in Chinese or English, or browse
 * its groups. Only leaves can be chosen; the chosen one collapses to a summary with its
 * notice (what to do meanwhile) and a way to change it.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CategoryNode } from '../../api/types.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { FieldError, RequiredMark, describedBy } from '../../components/Field.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useLocalName, useFormat } from '../../i18n/format.ts';
import { useCategoryIndex } from '../categories/hooks.ts';
import { searchCategories, type CategoryLeaf } from '../categories/tree.ts';

const SEARCH_ID = 'report-category';

export function CategoryPicker({
  value,
  onChange,
  error,
}: {
  value: string | null;
  onChange: (code: string | null) => void;
  error?: string;
}) {
  const { t, i18n } = useTranslation();
  const localName = useLocalName();
  const format = useFormat();
  const categories = useCategoryIndex();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<Set<string>>(new Set());
  const resultsId = useId();

  const chosen = value ? categories.index?.byCode.get(value) : undefined;

  if (categories.isPending) return <Loading block label={t('report.category.loading')} />;
  if (categories.isError)
    return <ErrorNotice error={categories.error} onRetry={() => void categories.refetch()} />;
  const index = categories.index;
  if (!index) return null;

  const choose = (leaf: CategoryLeaf) => {
    onChange(leaf.node.code);
    setQuery('');
    // The summary replaces the list: keep the keyboard where the reader continues.
    window.setTimeout(() => document.getElementById('report-category-change')?.focus(), 0);
  };

  if (chosen) {
    const notice = i18n.language === 'en' ? chosen.node.noticeEn : chosen.node.noticeZh;
    return (
      <div className="field" id={`${SEARCH_ID}-chosen`}>
        <p className="label-like">
          {t('report.category.label')} <RequiredMark required />
        </p>
        <div className="chosen-category">
          <div>
            <p className="muted small">{chosen.path.map(localName).join(' › ')}</p>
            <p className="chosen-name">{localName(chosen.node)}</p>
          </div>
          <button
            type="button"
            id="report-category-change"
            className="btn btn-secondary"
            onClick={() => {
              onChange(null);
              window.setTimeout(() => document.getElementById(SEARCH_ID)?.focus(), 0);
            }}
          >
            {t('report.category.change')}
          </button>
        </div>
        {notice ? <p className="notice notice-info">{notice}</p> : null}
      </div>
    );
  }

  const results = query.trim() ? searchCategories(index, query) : null;
  const toggle = (code: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });

  const leafButton = (leaf: CategoryLeaf, showPath: boolean) => (
    <li key={leaf.node.code}>
      <button type="button" className="choice" onClick={() => choose(leaf)}>
        <span className="choice-name">{localName(leaf.node)}</span>
        {showPath && leaf.path.length > 0 ? (
          <span className="choice-path">{leaf.path.map(localName).join(' › ')}</span>
        ) : null}
      </button>
    </li>
  );

  const branch = (node: CategoryNode, path: CategoryNode[], depth: number) => {
    if (node.children.length === 0) return leafButton({ node, path }, false);
    const expanded = open.has(node.code);
    const panel = `${resultsId}-${node.code}`;
    return (
      <li key={node.code}>
        <button
          type="button"
          className={`group-toggle depth-${depth}`}
          aria-expanded={expanded}
          aria-controls={panel}
          onClick={() => toggle(node.code)}
        >
          <span className="chevron" aria-hidden="true" />
          {localName(node)}
        </button>
        {expanded ? (
          <ul id={panel} className="tree-level">
            {node.children.map((child) => branch(child, [...path, node], depth + 1))}
          </ul>
        ) : null}
      </li>
    );
  };

  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={SEARCH_ID}>
        {t('report.category.label')} <RequiredMark required />
      </label>
      <p className="hint" id={`${SEARCH_ID}-hint`}>
        {t('report.category.hint')}
      </p>
      <FieldError id={SEARCH_ID} error={error} />
      <input
        id={SEARCH_ID}
        type="search"
        value={query}
        autoComplete="off"
        enterKeyHint="search"
        aria-describedby={describedBy(SEARCH_ID, true, error)}
        aria-invalid={error ? true : undefined}
        aria-controls={resultsId}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          // Enter picks the only match instead of sending the form.
          if (event.key === 'Enter') {
            event.preventDefault();
            if (results?.length === 1 && results[0]) choose(results[0]);
          }
        }}
      />
      <p className="visually-hidden" role="status">
        {results ? t('report.category.matches', { n: format.number(results.length) }) : ''}
      </p>
      <div id={resultsId} className="category-list">
        {results ? (
          results.length > 0 ? (
            <ul className="choices">
              {results.slice(0, 30).map((leaf) => leafButton(leaf, true))}
            </ul>
          ) : (
            <p className="muted">{t('report.category.noMatch')}</p>
          )
        ) : (
          <ul className="tree">{index.reportable.roots.map((root) => branch(root, [], 0))}</ul>
        )}
      </div>
    </div>
  );
}
