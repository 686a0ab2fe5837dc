import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { ActorRef, UserRef } from '@sentinel/contracts';

/** Response-side schemas shared by several resources (libs/contracts `common.ts`). */

@ApiSchema({ name: 'UserRef', description: 'A user by id and display name.' })
export class UserRefView implements UserRef {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Chen Jie' })
  name: string;
}

@ApiSchema({ name: 'ActorRef', description: 'Who did something: a user id, `system`, or `bank:<code>`, and the role.' })
export class ActorRefView implements ActorRef {
  @ApiProperty({ example: 'system' })
  id: string;

  @ApiProperty({ example: 'system', description: 'a user role, `system` or `bank`' })
  role: string;
}
