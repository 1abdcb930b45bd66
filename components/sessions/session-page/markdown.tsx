"use client";

import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";

/**
 * The assistant's text as Markdown (GitHub's flavour), rendered as it streams. Raw HTML in the
 * text is not rendered, and links open in a new tab without handing this page to them.
 */
export function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown text-sm leading-relaxed" data-kind="assistant-text">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        components={{
          a: ({ href, children }) => (
            <a href={href} target="_blank" rel="noreferrer noopener" className="underline">
              {children}
            </a>
          ),
        }}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
}
