import { Module } from '@nestjs/common';
import { WatchlistRepository } from '@sentinel/persistence';
import { WatchlistController } from './watchlist.controller';
import { WatchlistService } from './watchlist.service';

@Module({ controllers: [WatchlistController], providers: [WatchlistService, WatchlistRepository] })
export class WatchlistModule {}
