/** Renders a lesson's Markdown tree (@yte/training/markdown) with React elements: no HTML from content. */
import { Anchor, Blockquote, Image, List, Table, Text, Title } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { type Block, type Inline, parseMarkdown } from '@yte/training/markdown';
import { assetHref, lessonHref } from './format.ts';

function inline(nodes: Inline[]): ReactNode {
  return nodes.map((n, i) => {
    switch (n.t) {
      case 'text': return <Fragment key={i}>{n.v}</Fragment>;
      case 'strong': return <strong key={i}>{inline(n.c)}</strong>;
      case 'em': return <em key={i}>{inline(n.c)}</em>;
      case 'code': return <code key={i}>{n.v}</code>;
      case 'link': {
        const to = lessonHref(n.href) ?? assetHref(n.href);
        if (to?.startsWith('/training/')) return <Anchor key={i} component={Link} to={to}>{inline(n.c)}</Anchor>;
        const external = /^https?:/.test(n.href);
        return <Anchor key={i} href={to ?? n.href} {...(external ? { target: '_blank', rel: 'noreferrer' } : {})}>{inline(n.c)}</Anchor>;
      }
    }
  });
}

function block(b: Block, i: number): ReactNode {
  switch (b.t) {
    case 'heading': return <Title key={i} order={Math.min(6, b.level + 1) as 2 | 3 | 4 | 5 | 6} mt="md" mb="xs">{inline(b.c)}</Title>;
    case 'paragraph': return <Text key={i} mb="sm" style={{ lineHeight: 1.6 }}>{inline(b.c)}</Text>;
    case 'quote': return <Blockquote key={i} mb="sm" p="sm">{inline(b.c)}</Blockquote>;
    case 'list': return <List key={i} type={b.ordered ? 'ordered' : 'unordered'} mb="sm" spacing={4} style={{ lineHeight: 1.5 }}>{b.items.map((it, k) => <List.Item key={k}>{inline(it)}</List.Item>)}</List>;
    case 'image': return <Image key={i} src={assetHref(b.src) ?? b.src} alt={b.alt} maw={560} mb="sm" />;
    case 'table':
      return (
        <Table.ScrollContainer key={i} minWidth={320} mb="sm">
          <Table withTableBorder withColumnBorders striped>
            <Table.Thead><Table.Tr>{b.head.map((c, k) => <Table.Th key={k}>{inline(c)}</Table.Th>)}</Table.Tr></Table.Thead>
            <Table.Tbody>{b.rows.map((r, k) => <Table.Tr key={k}>{r.map((c, j) => <Table.Td key={j}>{inline(c)}</Table.Td>)}</Table.Tr>)}</Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      );
  }
}

/** The first heading is the page title, shown by the page itself. */
export function Markdown({ source }: { source: string }) {
  const blocks = parseMarkdown(source);
  const body = blocks[0]?.t === 'heading' && blocks[0].level === 1 ? blocks.slice(1) : blocks;
  return <>{body.map(block)}</>;
}
