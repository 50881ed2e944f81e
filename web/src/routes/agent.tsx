import { ApartmentOutlined, BookOutlined, CheckSquareOutlined, InboxOutlined, MessageOutlined, PhoneOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { InboxPage } from './agent/inbox-page.tsx';
import type { Audience } from './screen.ts';

/** The agent workspace. The inbox is the landing screen and ships in the first bundle. */
export const agentScreens: Audience = {
  key: 'agent',
  screens: [
    { path: 'inbox', page: InboxPage, label: 'nav.inbox', icon: <InboxOutlined aria-hidden /> },
    { path: 'chat', page: lazy(() => import('./agent/chat-page.tsx')), label: 'chat.nav', icon: <MessageOutlined aria-hidden />, permission: 'tickets.write' },
    { path: 'tasks', page: lazy(() => import('./agent/tasks-page.tsx')), label: 'nav.tasks', icon: <CheckSquareOutlined aria-hidden />, permission: 'tickets.read' },
    { path: 'subtasks', page: lazy(() => import('./agent/subtasks-page.tsx')), label: 'collaboration.nav', icon: <ApartmentOutlined aria-hidden />, permission: 'tickets.read' },
    { path: 'tickets/:id', page: lazy(() => import('./agent/ticket-page.tsx')) },
    // kb
    { path: 'kb', page: lazy(() => import('./agent/kb-page.tsx')), label: 'kb.nav.articles', icon: <BookOutlined aria-hidden />, permission: 'kb.read' },
    { path: 'kb/articles/:id', page: lazy(() => import('./agent/kb-article-page.tsx')), permission: 'kb.read' },
    // complaints
    { path: 'follow-ups', page: lazy(() => import('./agent/follow-ups-page.tsx')), label: 'complaints.nav.followUps', icon: <PhoneOutlined aria-hidden />, permission: 'tickets.read' },
    // Reached from the bell in the header.
    { path: 'notifications', page: lazy(() => import('./agent/notifications-page.tsx')) },
    { path: 'profile', page: lazy(() => import('./profile-page.tsx')) },
  ],
};
