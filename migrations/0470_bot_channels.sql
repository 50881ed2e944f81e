-- The bot also answers inside live chats (the chat module keeps the transcript): its turns there are recorded as a
-- conversation of channel 'chat', so deflection, hand-off rate and accuracy count every channel.
ALTER TABLE bot_conversations DROP CONSTRAINT bot_conversations_channel_check;
ALTER TABLE bot_conversations ADD CONSTRAINT bot_conversations_channel_check CHECK (channel IN ('widget', 'portal', 'email', 'chat'));
